"""Turn a captured encyclopedia page into plain data, with no Django in sight."""
