"""Knowledge: content extraction, chunking, embeddings, vectors, search."""
