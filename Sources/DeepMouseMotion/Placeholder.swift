// Placeholder: DeepMouseMotion is being built; see the issues.
