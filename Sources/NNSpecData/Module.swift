// Module NNSpecData.
