// Placeholder: DeepMouseInput is being built; see the issues.
