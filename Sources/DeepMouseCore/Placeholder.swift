// Placeholder: DeepMouseCore is being built; see the issues.
