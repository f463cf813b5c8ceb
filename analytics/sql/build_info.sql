-- When and from what the store was built.
SELECT built_at, synthetic, authority, pack, sources_sha256, seed FROM build_info
