"""Chat: turns (what sendMessage/regenerateMessage store and queue) and the CHAT run handler."""
