#!/bin/sh
# Writes /tmp/kannel.conf from the template, then runs the program named by the
# command: `bearerbox`, `smsbox` (both read the configuration file) or `fakesmsc`
# (the fake SMS centre; its arguments follow).
set -eu
: "${KANNEL_PASSWORD:?KANNEL_PASSWORD must be set (the notifier's sendsms password)}"
: "${KANNEL_ADMIN_PASSWORD:?KANNEL_ADMIN_PASSWORD must be set}"
: "${KANNEL_STATUS_PASSWORD:?KANNEL_STATUS_PASSWORD must be set (the notifiers read the store with it)}"
case "$KANNEL_PASSWORD$KANNEL_ADMIN_PASSWORD$KANNEL_STATUS_PASSWORD" in
  *'"'*|*'\'*|*'|'*) echo "KANNEL_PASSWORD, KANNEL_ADMIN_PASSWORD and KANNEL_STATUS_PASSWORD may not contain \" \\ or |" >&2; exit 78 ;;
esac
sed -e "s|@KANNEL_PASSWORD@|$KANNEL_PASSWORD|" -e "s|@KANNEL_ADMIN_PASSWORD@|$KANNEL_ADMIN_PASSWORD|" -e "s|@KANNEL_STATUS_PASSWORD@|$KANNEL_STATUS_PASSWORD|" \
  /etc/kannel/kannel.conf.template > /tmp/kannel.conf
program="${1:-bearerbox}"
[ $# -gt 0 ] && shift
case "$program" in
  bearerbox) exec /usr/sbin/bearerbox -v 1 /tmp/kannel.conf ;;
  smsbox) exec /usr/sbin/smsbox -v 1 /tmp/kannel.conf ;;
  fakesmsc) exec /usr/lib/kannel/test/fakesmsc "$@" ;;
  *) exec "$program" "$@" ;;
esac
