// Module NNSpecLint.
