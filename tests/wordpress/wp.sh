#!/usr/bin/env bash
# A real WordPress for newsgrep's fetch tests, from Debian's packages (wordpress,
# mariadb-server, php-cli, php-mysql). Each site is its own database, served by
# `php -S` on a free port of 127.0.0.1; /etc/wordpress/config-127.0.0.1.php picks the
# database from the environment, so several sites run side by side.
#
#   wp.sh check              prints why a site cannot be made, exit 1; else exit 0
#   wp.sh start NAME [pretty] [SEED.json]
#                            a fresh site: database newsgrep_NAME, WordPress installed,
#                            the seed's posts inserted (see posts.php); plain
#                            permalinks unless `pretty`. Prints "PORT PID".
#   wp.sh serve NAME PORT [pretty]
#                            serves an existing site again on PORT. Prints "PORT PID".
#   wp.sh stop PID           stops a site's server (its database stays until the next start)
#   wp.sh php NAME PORT ARGS posts.php ARGS against a running site
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root=/usr/share/wordpress
config=/etc/wordpress/config-127.0.0.1.php

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if sudo -n true 2>/dev/null; then sudo="sudo -n"; fi
fi

why_not() {
  command -v php >/dev/null || { echo "php is not installed (Debian package php-cli)"; return; }
  php -r 'exit(extension_loaded("mysqli") ? 0 : 1);' 2>/dev/null ||
    { echo "PHP has no mysqli (Debian package php-mysql)"; return; }
  [ -f "$root/wp-load.php" ] || { echo "WordPress is not installed (Debian package wordpress)"; return; }
  command -v flock >/dev/null || { echo "flock is not installed (Debian package util-linux)"; return; }
  command -v mariadb >/dev/null || command -v mysql >/dev/null ||
    { echo "MariaDB is not installed (Debian package mariadb-server)"; return; }
  if [ "$(id -u)" -ne 0 ] && [ -z "$sudo" ]; then
    echo "not root and no passwordless sudo: cannot start MariaDB or write $config"; return
  fi
}

sql() { $sudo mariadb -u root "$@"; }

ensure_database_server() {
  if ! sql -e 'SELECT 1' >/dev/null 2>&1; then
    $sudo service mariadb start >/dev/null 2>&1 || $sudo service mysql start >/dev/null 2>&1 || true
    for _ in $(seq 1 50); do
      sql -e 'SELECT 1' >/dev/null 2>&1 && break
      sleep 0.2
    done
  fi
  sql -e "CREATE USER IF NOT EXISTS 'newsgrep'@'localhost' IDENTIFIED BY 'newsgrep';
          GRANT ALL PRIVILEGES ON \`newsgrep\\_%\`.* TO 'newsgrep'@'localhost';" 
}

ensure_config() {
  local want
  want="$(cat <<'PHP'
<?php
// Written by newsgrep's tests/wordpress/wp.sh: the database comes from the environment.
define('DB_NAME', getenv('NEWSGREP_WP_DB') ?: 'newsgrep_default');
define('DB_USER', 'newsgrep');
define('DB_PASSWORD', 'newsgrep');
define('DB_HOST', 'localhost');
define('WP_HOME', 'http://' . $_SERVER['HTTP_HOST']);
define('WP_SITEURL', 'http://' . $_SERVER['HTTP_HOST']);
define('DISABLE_WP_CRON', true);
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_HTTP_BLOCK_EXTERNAL', true);
PHP
)"
  if [ ! -f "$config" ] || [ "$(cat "$config")" != "$want" ]; then
    printf '%s\n' "$want" | $sudo tee "$config" >/dev/null
  fi
}

serve() {
  local name="$1" port="$2" permalinks="$3" log pid
  log="${TMPDIR:-/tmp}/newsgrep-wp-$name.log"
  export NEWSGREP_WP_DB="newsgrep_$name"
  if [ "$permalinks" = pretty ]; then
    nohup php -S "127.0.0.1:$port" -t "$root" "$here/router.php" >"$log" 2>&1 &
  else
    nohup php -S "127.0.0.1:$port" -t "$root" >"$log" 2>&1 &
  fi
  pid=$!
  for _ in $(seq 1 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1',$port),0.2)" 2>/dev/null; then
      echo "$port $pid"; return 0
    fi
    sleep 0.1
  done
  echo "the server on port $port did not start; see $log" >&2
  kill "$pid" 2>/dev/null || true
  return 1
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  check)
    reason="$(why_not)"
    if [ -n "$reason" ]; then echo "$reason"; exit 1; fi
    ;;
  start)
    name="$2"; shift 2
    permalinks=plain; seed=""
    for arg in "$@"; do
      case "$arg" in pretty) permalinks=pretty ;; *) seed="$arg" ;; esac
    done
    reason="$(why_not)"
    if [ -n "$reason" ]; then echo "$reason" >&2; exit 1; fi
    # Tests start sites side by side: one at a time starts MariaDB and writes the config.
    exec 9>"${TMPDIR:-/tmp}/newsgrep-wp.lock"
    flock 9
    ensure_database_server
    ensure_config
    flock -u 9; exec 9>&-
    db="newsgrep_$name"
    sql -e "DROP DATABASE IF EXISTS \`$db\`; CREATE DATABASE \`$db\` CHARACTER SET utf8mb4;"
    port="$(free_port)"
    export NEWSGREP_WP_DB="$db"
    php "$here/posts.php" "127.0.0.1:$port" install "$permalinks" >/dev/null
    if [ -n "$seed" ]; then
      php "$here/posts.php" "127.0.0.1:$port" insert "$seed" >/dev/null
    fi
    serve "$name" "$port" "$permalinks"
    ;;
  serve)
    name="$2"; port="$3"; permalinks="${4:-plain}"
    exec 9>"${TMPDIR:-/tmp}/newsgrep-wp.lock"
    flock 9
    ensure_database_server
    flock -u 9; exec 9>&-
    serve "$name" "$port" "$permalinks"
    ;;
  stop)
    kill "$2" 2>/dev/null || true
    ;;
  php)
    name="$2"; port="$3"; shift 3
    NEWSGREP_WP_DB="newsgrep_$name" php "$here/posts.php" "127.0.0.1:$port" "$@"
    ;;
  *)
    sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
