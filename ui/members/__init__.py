"""The Members area's Qt pieces: table model, filter proxy, dialogs and the compliance panel."""
