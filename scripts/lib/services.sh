# Shared by ensure-services.sh and demo.sh: where the hub's services are and whether they answer.
# Sourced, not run.

DEFAULT_DATABASE_URL=postgres://cyswllt_app@127.0.0.1:5432/cyswllt # src/config/config.ts
DEFAULT_REDIS_URL=redis://127.0.0.1:6379/0

# Prints "host port" of a postgres:// or redis:// URL ($2: the default port); a socket directory given as
# ?host=/path stands for the host.
url_host_port() {
  node -e '
    const u = new URL(process.argv[1]);
    const host = u.hostname.replace(/^\[|\]$/g, "") || u.searchParams.get("host") || "127.0.0.1";
    console.log(host, u.port || process.argv[2]);' "$1" "$2"
}

# Prints a URL without its password, for messages.
url_redacted() {
  node -e 'const u = new URL(process.argv[1]); if (u.password) u.password = "***"; console.log(u.toString())' "$1"
}

is_local_host() {
  case "$1" in 127.0.0.1 | localhost | ::1 | /*) return 0 ;; *) return 1 ;; esac
}

# Whether a PostgreSQL server accepts connections at host:port (pg_isready where installed, else a TCP connect).
pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -t 2 -h "$1" -p "$2"
  else
    timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null
  fi
}

# Whether a Redis server answers PING at host:port (any reply counts: one that wants a password still answers).
redis_answers() {
  timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2 && printf 'PING\r\n' >&3 && IFS= read -r reply <&3 && [[ \$reply == [+-]* ]]" 2>/dev/null
}

# Prints "version name" of the local PostgreSQL cluster set up on a port (Debian's pg_lsclusters), or fails.
local_cluster_on_port() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  pg_lsclusters -h 2>/dev/null | awk -v port="$1" '$3 == port { print $1, $2; found = 1; exit } END { exit !found }'
}
