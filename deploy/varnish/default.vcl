# IOP Guide's edge cache (Varnish 7, with the xkey vmod from varnish-modules).
#
# Caches anonymous GET/HEAD of the pages Django tags (`xkey`, with `Surrogate-Control:
# max-age=N`), plus /static/ and /media/ files by their own Cache-Control; passes everything
# else: the admin, the editor's preview and upload, review links, signed-in sessions, forms
# (POST), and any response that sets a cookie, varies on cookies or says private/no-cache/no-store.
# Django purges every tagged page after each content change: PURGE with `xkey-purge: <tag>`
# (iopguide/core/edge.py), allowed only from the `purgers` addresses.
#
# The app servers and their director come from backends.vcl, found on vcl_path: the one beside
# this file names the docker compose services; tests and `make edge` put their own first.
vcl 4.1;

import std;
import xkey;

include "backends.vcl";

# Who may purge: the app servers. Loopback and the private ranges a container network uses.
acl purgers {
    "127.0.0.1";
    "::1";
    "10.0.0.0"/8;
    "172.16.0.0"/12;
    "192.168.0.0"/16;
}

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Purging is not allowed from here"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "PURGE needs an xkey-purge header"));
        }
        set req.http.X-Purged = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Purged " + req.http.X-Purged));
    }

    # Forms, sign-in and everything that writes go straight to an app server.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin, the editor's preview and upload, the health check (per app server).
    if (req.url ~ "^/(admin|markdownx)(/|$)" || req.url ~ "^/healthz") {
        return (pass);
    }
    # Review links (drafts shared with people without an account): never looked up or kept,
    # whatever the response says, so a revoked link stops at once.
    if (req.url ~ "^/guide/shared/") {
        return (pass);
    }
    # A signed-in editor (session, draft previews) or a message waiting after a form: never
    # from the cache, and the cookies go through.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    # Every other cookie (a stale CSRF token, anything a browser extension adds) is dropped, so
    # an anonymous reader's request matches the cached page and the page never sees it.
    unset req.http.Cookie;

    # One compressed variant: gzip, which Varnish itself applies (and undoes for the rare
    # client without it); a brotli or other answer from the app would only split the cache.
    if (req.http.Accept-Encoding ~ "gzip") {
        set req.http.Accept-Encoding = "gzip";
    } else {
        unset req.http.Accept-Encoding;
    }

    # Expired pages are refetched at once while an app server answers; only when none does is a
    # recent copy served (grace, below) rather than an error.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 0s;
    }
    return (hash);
}

sub vcl_backend_response {
    if (bereq.uncacheable) {
        return (deliver);
    }
    if (!beresp.http.Content-Encoding
        && beresp.http.Content-Type ~ "^(text/|application/(json|javascript|xml|manifest\+json)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
    # Never cache anything personal, whatever else it says.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-cache|no-store)"
        || beresp.http.Vary ~ "(?i)(cookie|\*)") {
        return (pass(120s));
    }
    # A reader page Django tagged: kept until a purge, at most its Surrogate-Control max-age.
    if (beresp.http.xkey && beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        set beresp.ttl = std.duration(
            regsub(beresp.http.Surrogate-Control, "^.*max-age=([0-9]+).*$", "\1s"), 0s);
        set beresp.grace = 6h;
        unset beresp.http.Surrogate-Control;
        return (deliver);
    }
    # Hashed static files and random-named uploads: their own (long) Cache-Control lifetime.
    if (bereq.url ~ "^/(static|media)/" && beresp.status == 200) {
        return (deliver);
    }
    # Anything untagged (error pages, redirects, pages Django did not mark): not kept.
    return (pass(120s));
}

sub vcl_deliver {
    if (obj.uncacheable) {
        set resp.http.X-Cache = "PASS";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # The tags are for this cache only.
    unset resp.http.xkey;
    unset resp.http.Via;
}
