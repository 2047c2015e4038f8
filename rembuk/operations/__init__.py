"""Running an installation: serving it, backing it up and restoring it, upgrading it, and
telling how it is (status page, /healthz). docs/decisions/0013 and 0014."""
