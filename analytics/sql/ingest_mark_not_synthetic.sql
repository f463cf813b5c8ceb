-- Record-level data are now the authority's own, so the app stops calling them synthetic.
UPDATE build_info SET synthetic = false
