"""One-artifact backup and verified restore: database, vectors, content blobs and config (README "Backup and
restore"). `create` makes an artifact, `restore` puts one into an empty target, `artifact` is the format and its
checks, `tables` the database part, `runs` the BACKUP run kind."""
