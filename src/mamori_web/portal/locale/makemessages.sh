#!/bin/sh
# Refresh the Japanese catalogues of portal, audittrail, sweep, api and publication.
#
# The project templates (src/mamori_web/templates: base.html, 404/403/500.html) belong to
# no app, so their strings are kept in portal's catalogue: makemessages follows a
# temporary symlink to them from inside portal/. Fill every new msgstr, then run
# `django-admin compilemessages` in each app directory and commit the .po and .mo files.
set -eu
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=mamori_web.settings
export PYTHONPATH="$(cd ../.. && pwd)"
# settings.py creates MAMORI_HOME (and a secret key in it): keep it out of the source tree.
MAMORI_HOME="$(mktemp -d)"
export MAMORI_HOME
link="$(pwd)/_project_templates"
ln -sfn ../templates "$link"
trap 'rm -f "$link"; rm -rf "$MAMORI_HOME"' EXIT
django-admin makemessages -l ja --symlinks --no-location
cd ../audittrail
django-admin makemessages -l ja --no-location
cd ../sweep
django-admin makemessages -l ja --no-location
cd ../api
django-admin makemessages -l ja --no-location
cd ../publication
django-admin makemessages -l ja --no-location
