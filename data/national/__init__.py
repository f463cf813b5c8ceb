"""The national reference data built into the product: DfE's care-leaver statistics for every English
authority, as compressed Parquet (see README.md here for provenance and licence)."""
