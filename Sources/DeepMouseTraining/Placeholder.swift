// Placeholder: DeepMouseTraining is being built; see the issues.
