// Tests for DeepMouseQuantization arrive with its issue.
