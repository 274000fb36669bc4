#!/usr/bin/env bash
# The Littlest JupyterHub (one VM, up to ~100 users) for a civic-kit workshop.
# Run as an admin on the hub VM after installing TLJH, from a clone of civic-kit:
#     sudo bash deploy/tljh/setup.sh /path/to/civic-kit
# Checked by tests/unit/test_deploy_config.py (bash -n, and the settings docs/deploy.md describes).
set -euo pipefail

CHECKOUT="${1:?usage: setup.sh /path/to/civic-kit}"

# civic-kit (with Voila) into the users' shared environment.
sudo -E /opt/tljh/user/bin/python -m pip install "${CHECKOUT}"

# Each user: at most 1 GB and one CPU (one app kernel measured 110-150 MB, docs/deploy.md).
# Installing civic-kit (not editable) also enables its Jupyter Server extension: closed Voila tabs stop
# their kernel.
sudo tljh-config set limits.memory 1G
sudo tljh-config set limits.cpu 1

# Stop servers idle for an hour; autosaves in each home folder survive it.
sudo tljh-config set services.cull.enabled true
sudo tljh-config set services.cull.timeout 3600
sudo tljh-config set services.cull.every 300

# Participants open JupyterLab; officials get the Voila gallery link from docs/deploy.md.
sudo tljh-config set user_environment.default_app jupyterlab

sudo tljh-config reload
