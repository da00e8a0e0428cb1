# Runs in the image root after debootstrap. The Debian packages give /var/lib/ceph and /var/log/ceph to
# the ceph user, for daemons that drop to it. Lab nodes run the daemons as root without CAP_DAC_OVERRIDE
# (and without CAP_SETUID to become ceph), so root must own them to write there.
chown -R root:root /var/lib/ceph /var/log/ceph
chmod 0755 /var/lib/ceph /var/log/ceph
