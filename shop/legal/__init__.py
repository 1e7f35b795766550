"""The shop's legal pages: terms of sale, legal notice, privacy, shipping and returns."""
