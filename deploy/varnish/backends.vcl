# The app servers of deploy/compose.yaml, checked on /healthz and taken in turn.
# (Tests and `make edge` write their own backends.vcl with loopback ports: scripts/edge.py.)
import directors;

probe healthz {
    .url = "/healthz";
    .interval = 2s;
    .timeout = 1s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend app1 { .host = "app1"; .port = "8000"; .probe = healthz; }
backend app2 { .host = "app2"; .port = "8000"; .probe = healthz; }

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}
