// Module NNSpecNumerics.
