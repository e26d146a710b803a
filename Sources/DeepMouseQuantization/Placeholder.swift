// Placeholder: DeepMouseQuantization is being built; see the issues.
