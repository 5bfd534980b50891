"""Check labs the way readers use them: the runnable demo and snippets, and a whole lab."""
