// Tests for DeepMouseMotion arrive with its issue.
