// Module NNSpecRuntime.
