/// Parses YAML text into a `Node` tree; see `YAMLParser.parse`.
public enum YAMLParser {}
