// Module NNSpecIR.
