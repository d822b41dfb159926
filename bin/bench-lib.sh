# Helpers sourced by bin/bench-ttff and bin/bench-fanout. Benchmarks are tools for a developer's
# machine: they need ffmpeg, python3 (free ports) and the built jar; nothing here runs in CI.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$root/bin/java-env.sh"
JAVA_HOME=$(pick_java_home); export JAVA_HOME
jar="$root/edge-node/target/edge-node.jar"
[ -f "$jar" ] || (cd "$root" && mvn -q -B -DskipTests package)
work=$(mktemp -d /tmp/edge-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
free_port() { python3 -c 'import socket,sys;s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM if sys.argv[1]=="udp" else socket.SOCK_STREAM);s.bind(("127.0.0.1",0));print(s.getsockname()[1])' "$1"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_port() { local i; for i in $(seq 1 200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; echo "port $1 never opened" >&2; return 1; }
# A 60 s 720p30 H.264 (2.4 Mbps, 2 s GOP) + AAC test file, made once.
source_file() {
  local f="$root/target/bench/src-2500k.ts"
  if [ ! -f "$f" ]; then
    mkdir -p "$(dirname "$f")"
    ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
      -t 60 -c:v libx264 -preset veryfast -b:v 2400k -maxrate 2500k -bufsize 2500k -g 60 -keyint_min 60 -sc_threshold 0 \
      -c:a aac -b:a 96k -f mpegts "$f"
  fi
  echo "$f"
}
# An SRT listener looping the test file in real time, without re-encoding (almost no CPU).
srt_source() { # port
  local f; f=$(source_file) # made before the listener starts (not inside the backgrounded command)
  ffmpeg -hide_banner -nostdin -loglevel error -re -stream_loop -1 -i "$f" -c copy -f mpegts \
    "srt://127.0.0.1:$1?mode=listener" >>"$work/source.log" 2>&1 &
  pids+=($!)
}
# An nginx-rtmp origin on a free port with the test file published to live/NAME (ffmpeg, -c copy) and,
# when given, once more as live/NAME2 verbatim (-rtmp_playpath: a name FFmpeg would otherwise strip of
# a .flv ending); sets rtmp_port.
rtmp_origin() { # name [name2]
  local f port; f=$(source_file); port=$(free_port tcp)
  mkdir -p "$work/nginx"
  cat >"$work/nginx/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
daemon off; master_process off; worker_processes 1; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
rtmp { server { listen 127.0.0.1:$port; chunk_size 4096; application live { live on; } } }
CONF
  nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" >>"$work/nginx/out.log" 2>&1 &
  pids+=($!)
  wait_port "$port" >&2
  ffmpeg -hide_banner -nostdin -loglevel error -re -stream_loop -1 -i "$f" -c copy -f flv "rtmp://127.0.0.1:$port/live/$1" \
    >>"$work/source.log" 2>&1 &
  pids+=($!)
  if [ -n "${2:-}" ]; then
    ffmpeg -hide_banner -nostdin -loglevel error -re -stream_loop -1 -i "$f" -c copy -f flv -rtmp_playpath "$2" \
      "rtmp://127.0.0.1:$port/live" >>"$work/source.log" 2>&1 &
    pids+=($!)
  fi
  sleep 1
  rtmp_port=$port
}
edge() { # name args...  (bin/edge-node serve with a 1 s status line: the JVM options users get, plus EDGE_JAVA_OPTS); sets edge_pid
  local name=$1; shift
  "$root/bin/edge-node" serve --status-interval 1s --admin-port 0 "$@" >"$work/$name.log" 2>&1 &
  edge_pid=$!
  pids+=($edge_pid)
}
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) {print "n/a"; exit} m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.0f", m}'; }
pct() { sort -n | awk -v q="$1" '{a[NR]=$1} END {i=int(q*NR+0.999999); if(i<1)i=1; if(i>NR)i=NR; printf "%.0f", a[i]}'; }
# Wall time (ms) of ffmpeg as a player until its first decoded video frame.
player_ms() { # url
  local t0 t1; t0=$(now_ms)
  timeout 20 ffmpeg -hide_banner -loglevel error -probesize 32768 -threads 1 -i "$1" -map 0:v:0 -frames:v 1 -f null - </dev/null >/dev/null 2>&1
  t1=$(now_ms); echo $(( t1 - t0 ))
}
last_status() { grep "status:" "$1" | tail -1 | sed 's/.*status: //'; }
wait_udp_bound() { local i; for i in $(seq 1 200); do ss -Hlun "sport = :$1" | grep -q . && return 0; sleep 0.02; done; echo "udp port $1 never bound" >&2; return 1; }
