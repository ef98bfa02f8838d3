# Sourced by the bench scripts: page_login JAR BASE_URL HANDLE PASSWORD signs in through
# the /login form as a browser does, leaving the page session in the cookie JAR.
# Builds from before 2026-11-30 carry the form token in the form's address
# (`?csrf=`); later ones in a hidden field, and refuse it in the address.
page_login() {
  local jar=$1 base=$2 page token
  page=$(curl -s -c "$jar" -b "$jar" "$base/login")
  token=$(printf '%s' "$page" | grep -o 'name="csrf" value="[A-Za-z0-9_-]*"' | head -1 |
    sed 's/.*value="\(.*\)"/\1/' || true)
  if [ -n "$token" ]; then
    curl -s -o /dev/null -c "$jar" -b "$jar" -X POST --data-urlencode "handle=$3" \
      --data-urlencode "password=$4" --data-urlencode "csrf=$token" "$base/login?next=/"
  else
    token=$(printf '%s' "$page" | grep -o 'csrf=[A-Za-z0-9_-]*' | head -1 | cut -d= -f2 || true)
    curl -s -o /dev/null -c "$jar" -b "$jar" -X POST --data-urlencode "handle=$3" \
      --data-urlencode "password=$4" "$base/login?next=/&csrf=$token"
  fi
}
