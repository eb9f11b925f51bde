# Sourced by bin/argus and .ci/run: finds a JDK 25 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/temurin-25-*.

# Prints the feature version of a java binary (17, 25, ...), or nothing if it does not run.
argus_java_major() {
  local version
  version="$("$1" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n 1)"
  [[ -n "$version" ]] || return 0
  if [[ "$version" == 1.* ]]; then
    version="${version#1.}"
  fi
  echo "${version%%[.+-]*}"
}

argus_is_jdk25() {
  local major
  [[ -x "$1" ]] || return 1
  major="$(argus_java_major "$1")"
  [[ -n "$major" && "$major" -ge 25 ]]
}

# Sets and exports JAVA_HOME to a JDK 25+, or prints how to get one and returns 1.
argus_find_jdk() {
  local candidate
  if [[ -n "${JAVA_HOME:-}" ]] && argus_is_jdk25 "$JAVA_HOME/bin/java"; then
    export JAVA_HOME
    return 0
  fi
  candidate="$(command -v java || true)"
  if [[ -n "$candidate" ]] && argus_is_jdk25 "$candidate"; then
    JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$candidate")")")"
    export JAVA_HOME
    return 0
  fi
  for candidate in /usr/lib/jvm/temurin-25-*; do
    if argus_is_jdk25 "$candidate/bin/java"; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  done
  {
    echo "argus: no JDK 25 found (looked at \$JAVA_HOME, java on PATH and /usr/lib/jvm/temurin-25-*)."
    echo "Install one, e.g. 'apt-get install temurin-25-jdk' (Adoptium's apt repository),"
    echo "or set JAVA_HOME to a JDK 25 or newer."
  } >&2
  return 1
}
