// Tests for DeepMouseTraining arrive with its issue.
