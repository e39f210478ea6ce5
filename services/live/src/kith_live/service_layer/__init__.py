"""What the live edge does: holds open streams and feeds them from the live logs."""
