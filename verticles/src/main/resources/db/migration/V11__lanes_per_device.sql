-- Issue #23: the devices of a site share one database, each running its own lanes. device names the device of the
-- site that runs the lane (its cluster node); NULL for a device on its own, which runs every lane as before.
ALTER TABLE lanes ADD COLUMN device text CHECK (device ~ '^[A-Za-z0-9_-]{1,64}$');
CREATE INDEX lanes_device ON lanes (device);
