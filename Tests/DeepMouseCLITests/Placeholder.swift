// Tests for DeepMouseCLI arrive with its issue.
