import NNSpecPictures

/// The report's HTML: one self-contained page (inline CSS and SVG; no script, font or image
/// from elsewhere) that reads on a laptop screen and in print.
struct HTMLPage {
    private(set) var body = ""

    static func escape(_ s: String) -> String { SVGWriter.escape(s) }

    mutating func raw(_ s: String) { body += s + "\n" }
    mutating func element(_ tag: String, _ text: String, attributes: String = "") {
        body += "<\(tag)\(attributes.isEmpty ? "" : " " + attributes)>\(Self.escape(text))</\(tag)>\n"
    }

    /// A preformatted block with an accessible name.
    mutating func pre(_ text: String, label: String) {
        body += "<pre tabindex=\"0\" aria-label=\"\(Self.escape(label))\">\(Self.escape(text))</pre>\n"
    }

    /// A table with a caption, header row and body rows.
    mutating func table(caption: String, header: [String], rows: [[String]]) {
        var s = "<table>\n<caption>\(Self.escape(caption))</caption>\n<thead><tr>"
        s += header.map { "<th scope=\"col\">\(Self.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for r in rows {
            s += "<tr>" + r.enumerated().map { i, c in i == 0 ? "<th scope=\"row\">\(Self.escape(c))</th>" : "<td>\(Self.escape(c))</td>" }.joined() + "</tr>\n"
        }
        body += s + "</tbody>\n</table>\n"
    }

    /// An inline SVG picture in a figure with a caption.
    mutating func figure(_ svg: String, caption: String) {
        body += "<figure>\n\(svg)<figcaption>\(Self.escape(caption))</figcaption>\n</figure>\n"
    }

    func document(title: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(Self.escape(title))</title>
        <style>
        \(Self.css)
        </style>
        </head>
        <body>
        \(body)</body>
        </html>

        """
    }

    /// Dark text on white (contrast above 12:1), system fonts, wide content capped for reading;
    /// in print no navigation, long blocks unclipped, pictures kept whole.
    static let css = """
    :root { color: #111; background: #fff; }
    body { font-family: system-ui, "DejaVu Sans", Helvetica, Arial, sans-serif; line-height: 1.45; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem; }
    h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
    h2 { font-size: 1.35rem; border-top: 2px solid #333; padding-top: 0.8rem; margin-top: 2.5rem; }
    h3 { font-size: 1.1rem; margin-top: 1.6rem; }
    a { color: #0645ad; }
    pre { background: #f4f4f4; color: #111; border: 1px solid #ccc; padding: 0.6rem; overflow: auto; max-height: 28rem; font-size: 0.85rem; }
    figure { margin: 1rem 0; }
    figure svg { max-width: 100%; height: auto; display: block; }
    figcaption { font-size: 0.9rem; color: #333; }
    table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.92rem; }
    caption { text-align: left; font-weight: bold; padding-bottom: 0.3rem; }
    th, td { border: 1px solid #bbb; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
    thead th { background: #eee; }
    .differs { font-weight: bold; }
    @media print {
      nav { display: none; }
      body { max-width: none; padding: 0; }
      pre { max-height: none; overflow: visible; white-space: pre-wrap; font-size: 8pt; }
      figure, table { break-inside: avoid; }
      h2 { break-before: page; }
      a { color: #111; text-decoration: none; }
    }
    """
}
