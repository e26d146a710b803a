// Tests for DeepMouseInput arrive with its issue.
