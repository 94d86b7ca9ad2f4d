"""MongoDB repositories, document mapping and contract messages of the verification service."""
