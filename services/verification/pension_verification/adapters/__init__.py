"""MongoDB repositories, document mapping, contract messages and the face model of the verification service."""
