"""What deploy/ hands an operator: the Varnish image lints clean, and the compose file wires
two app servers to one database, one cache, one bucket and the edge they purge."""

import subprocess
import sys
from pathlib import Path

import yaml
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"


def test_the_varnish_dockerfile_passes_hadolint():
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run(
        [str(hadolint), str(DEPLOY / "varnish" / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_runs_varnish_before_two_app_servers_sharing_every_store():
    services = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    assert {"varnish", "app1", "app2", "db", "cache", "objects"} <= set(services)
    first, second = services["app1"]["environment"], services["app2"]["environment"]
    assert first == second
    for name in ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL"):
        assert first[name]
    assert first["EDGE_PURGE_URLS"] == "http://varnish:80/"
    backends = (DEPLOY / "varnish" / "backends.vcl").read_text()
    assert '.host = "app1"' in backends and '.host = "app2"' in backends
