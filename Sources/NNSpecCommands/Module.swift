// Module NNSpecCommands.
