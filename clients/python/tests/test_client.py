"""The Python client against a running Chord (CHORD_URL, default http://127.0.0.1:5080; CHORD_API_KEY if it needs one).
./test.sh starts the real system (./run.sh: Azurite, a silo, the API) for these."""

import http.server
import json
import os
import socket
import threading
import time
import unittest
import uuid

from chord_client import (
    ChordClient,
    ChordFailed,
    ChordNotFound,
    ChordValidationError,
)

URL = os.environ.get("CHORD_URL", "http://127.0.0.1:5080")


def client(url=URL):
    return ChordClient(url, api_key=os.environ.get("CHORD_API_KEY"))


class ChordClientTests(unittest.TestCase):
    def test_a_chord_reports_progress_and_its_state_in_celerys_words_and_get_returns_the_result(self):
        result = client().chord(map={"handler": "noop", "count": 50}, body={"handler": "sum"})

        self.assertEqual(1225, result.get(timeout=60))
        self.assertEqual("SUCCESS", result.state)
        self.assertTrue(result.ready())
        self.assertTrue(result.successful())
        self.assertFalse(result.failed())
        self.assertEqual((50, 50), (result.completed_count(), result.total))

    def test_the_id_a_caller_gives_is_kept_and_submitting_again_returns_that_chord(self):
        chord_id = "py-" + uuid.uuid4().hex
        first = client().chord(tasks=[{"handler": "noop"}], body={"handler": "count"}, id=chord_id)
        again = client().chord(tasks=[{"handler": "noop"}], body={"handler": "count"}, id=chord_id)

        self.assertEqual((chord_id, chord_id), (first.id, again.id))
        self.assertEqual(1, again.get(timeout=60))

    def test_watch_yields_growing_progress_and_ends_with_the_final_snapshot(self):
        result = client().chord(map={"handler": "sleep", "count": 12, "args": {"ms": 100}}, body={"handler": "count"})

        snapshots = list(result.watch())

        self.assertGreaterEqual(len(snapshots), 2)
        versions = [s["version"] for s in snapshots]
        self.assertEqual(sorted(set(versions)), versions)
        completed = [s["tasks"]["completed"] for s in snapshots]
        self.assertEqual(sorted(completed), completed)
        self.assertEqual(("succeeded", 12), (snapshots[-1]["status"], snapshots[-1]["body"]["result"]))

    def test_watch_resumes_after_its_connection_drops_without_a_gap_or_a_repeat(self):
        proxy = CuttingProxy(URL)
        try:
            result = client(proxy.url).chord(map={"handler": "sleep", "count": 16, "args": {"ms": 150}}, body={"handler": "count"})
            snapshots = list(result.watch())
        finally:
            proxy.close()

        self.assertTrue(proxy.cut, "the proxy never cut an event stream")
        self.assertGreaterEqual(proxy.event_streams, 2, "the watch did not reconnect")
        versions = [s["version"] for s in snapshots]
        self.assertEqual(sorted(set(versions)), versions)  # none repeated, none back
        self.assertEqual(("succeeded", 16), (snapshots[-1]["status"], snapshots[-1]["body"]["result"]))

    def test_a_failed_chord_raises_its_error_from_get(self):
        result = client().chord(tasks=[{"handler": "fail", "args": {"times": 9}}], body={"handler": "count"}, options={"maxAttempts": 1})

        with self.assertRaises(ChordFailed) as raised:
            result.get(timeout=60)

        self.assertEqual("FAILURE", raised.exception.state)
        self.assertTrue(raised.exception.error.get("message"))
        self.assertEqual("FAILURE", result.state)
        self.assertTrue(result.failed())

    def test_revoke_cancels_a_running_chord(self):
        result = client().chord(map={"handler": "sleep", "count": 8, "args": {"ms": 3000}}, body={"handler": "count"})

        self.assertTrue(result.revoke())
        with self.assertRaises(ChordFailed) as raised:
            result.get(timeout=60)

        self.assertEqual("REVOKED", raised.exception.state)
        self.assertFalse(result.revoke())  # finished: nothing to cancel

    def test_an_invalid_spec_names_its_field_and_an_unknown_id_is_not_found(self):
        with self.assertRaises(ChordValidationError) as invalid:
            client().chord(tasks=[{"handler": "nope"}], body={"handler": "sum"})
        with self.assertRaises(ChordNotFound):
            client().result("py-no-such-" + uuid.uuid4().hex)

        self.assertTrue(any("handler" in field for field in invalid.exception.errors), invalid.exception.errors)

    def test_a_keys_limits_are_set_listed_and_reset_and_a_chord_carries_its_key_limit(self):
        key = "py-" + uuid.uuid4().hex[:12]
        entry = client().set_limit("key", key, max_running=2, weight=3)
        listed = [k for k in client().limits()["keys"] if k["name"] == key]
        with self.assertRaises(ChordValidationError) as refused:
            client().chord(map={"handler": "sleep", "count": 1}, body={"handler": "count"}, options={"key": key, "keyLimit": 3})
        result = client().chord(map={"handler": "sleep", "count": 2, "args": {"ms": 10}}, body={"handler": "count"}, options={"key": key, "keyLimit": 1})
        self.assertEqual(2, result.get(timeout=30))
        self.assertEqual((2, 3, "override"), (entry["maxRunning"], entry["weight"], entry["source"]))
        self.assertEqual(1, len(listed))
        self.assertIn("options.keyLimit", refused.exception.errors)
        self.assertTrue(client().reset_limit("key", key))
        self.assertFalse(client().reset_limit("key", key))

    def test_the_seeds_progress_view_has_its_four_fields(self):
        result = client().chord(map={"handler": "noop", "count": 4}, body={"handler": "sum"})
        result.get(timeout=60)

        view = client().progress_view(result.id)

        self.assertEqual({"tasks_completed": 4, "tasks_total": 4, "status": "successful", "result": 6}, view)

    def test_labels_are_kept_and_search_pages_through_the_chords_that_carry_them(self):
        run = uuid.uuid4().hex[:8]
        made = [client().chord(map={"handler": "noop", "count": 1}, body={"handler": "count"},
                               labels={"run": run, "team": "a" if i % 2 == 0 else "b"}) for i in range(5)]
        for result in made:
            result.get(timeout=60)

        team_a = list(client().search(labels={"run": run, "team": "a"}, page_size=2))
        everyone = list(client().search(labels={"run": run}, status="succeeded", handler="noop", page_size=2))

        self.assertEqual([made[4].id, made[2].id, made[0].id], [r.id for r in team_a])  # newest first, over two pages
        self.assertEqual({r.id for r in made}, {r.id for r in everyone})
        self.assertEqual({"run": run, "team": "a"}, team_a[0].labels)

    def test_failures_are_grouped_by_handler_and_error_type(self):
        run = uuid.uuid4().hex[:8]
        result = client().chord(map={"handler": "fail", "count": 12, "args": {"times": -1}}, body={"handler": "count"},
                                labels={"run": run}, options={"retry": {"maxAttempts": 1}, "toleratedFailures": 100})
        result.get(timeout=60)

        groups = []
        for _ in range(100):  # the index hears of failures within a moment
            groups = client().failures(labels={"run": run})
            if groups and groups[0]["count"] == 12:
                break
            time.sleep(0.1)

        self.assertEqual([("fail", "InvalidOperationException", 12, 1)],
                         [(g["handler"], g["errorType"], g["count"], g["chords"]) for g in groups])
        self.assertEqual(result.id, groups[0]["sample"]["chordId"])

    def test_a_bulk_redrive_by_labels_and_a_bulk_cancel_by_ids_complete_with_their_counts(self):
        run = uuid.uuid4().hex[:8]
        failed = []
        for _ in range(3):
            result = client().chord(map={"handler": "fail", "count": 1, "args": {"times": 1}}, body={"handler": "count"},
                                    labels={"run": run}, options={"retry": {"maxAttempts": 1}})
            with self.assertRaises(ChordFailed):
                result.get(timeout=60)
            failed.append(result.id)

        redrive = client().redrive_many(status="failed", labels={"run": run}).wait(timeout=60, interval=0.05)
        cancel = client().cancel_many(ids=[failed[0], "py-no-such-chord"], id="py-cancel-" + run).wait(timeout=60, interval=0.05)

        self.assertEqual(("redrive", 3, 3, 0, 0), (redrive.action, redrive.matched, redrive.done, redrive.skipped, redrive.failed))
        finals = [client().result(i) for i in failed]
        self.assertEqual([1, 1, 1], [f.get(timeout=60) for f in finals])  # count: the task succeeded on its redrive
        self.assertEqual([1, 1, 1], [f.refresh()["redrives"] for f in finals])
        self.assertEqual({"finished": 1, "not-found": 1}, cancel.skip_reasons)
        self.assertEqual("py-cancel-" + run, client().operation(cancel.id).id)
        self.assertIn(cancel.id, [o.id for o in client().operations(limit=10)])

    def test_a_webhook_is_asked_for_on_submit_and_its_deliveries_are_read(self):
        received = []

        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                received.append((self.headers.get("webhook-id"), json.loads(self.rfile.read(int(self.headers["content-length"])))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.HTTPServer(("127.0.0.1", 0), Receiver)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            url = "http://127.0.0.1:%d/hook" % server.server_address[1]
            result = client().chord(map={"handler": "noop", "count": 2}, body={"handler": "count"}, notify=url)
            self.assertEqual(2, result.get(timeout=60))
            deliveries = []
            for _ in range(200):
                deliveries = client().deliveries(result.id)
                if deliveries and deliveries[0]["status"] == "delivered":
                    break
                time.sleep(0.05)
        finally:
            server.shutdown()

        self.assertEqual([("msg_%s_0_succeeded" % result.id, "chord.succeeded", "succeeded")],
                         [(i, body["type"], body["status"]) for i, body in received])
        self.assertEqual(("succeeded", "delivered", 200),
                         (deliveries[0]["event"], deliveries[0]["status"], deliveries[0]["attempts"][0]["statusCode"]))

    def test_a_then_runs_after_its_chord_and_chain_end_follows_to_the_last_link(self):
        first = client().chord(map={"handler": "fail", "count": 3, "args": {"times": 0}}, body={"handler": "collect"},
                               then={"map": {"handler": "noop", "itemsFrom": "results"}, "body": {"handler": "count"},
                                     "then": {"tasks": [{"handler": "noop"}], "body": {"handler": "count"}}})

        last = first.chain_end(timeout=60)

        self.assertEqual(first.id + ".then.then", last.id)
        self.assertEqual(first.id + ".then", last.previous)
        self.assertEqual(3, client().result(first.id + ".then").get(timeout=60))
        self.assertEqual(first.id + ".then", client().result(first.id).next)


class CuttingProxy:
    """A TCP proxy in front of the API that cuts the first event stream it carries after its first event."""

    def __init__(self, target):
        host, port = target.split("//", 1)[1].split(":")
        self._target = (host, int(port.rstrip("/")))
        self._server = socket.socket()
        self._server.bind(("127.0.0.1", 0))
        self._server.listen(16)
        self.url = "http://127.0.0.1:%d" % self._server.getsockname()[1]
        self.cut = False
        self.event_streams = 0
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self):
        self._server.close()

    def _accept(self):
        while True:
            try:
                downstream, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(downstream,), daemon=True).start()

    def _serve(self, downstream):
        upstream = socket.create_connection(self._target)
        request = downstream.recv(65536)
        upstream.sendall(request)
        cut_this = False
        if b"/events" in request.split(b"\r\n", 1)[0]:
            with self._lock:
                self.event_streams += 1
                cut_this = not self.cut
                self.cut = True
        threading.Thread(target=self._pump, args=(downstream, upstream), daemon=True).start()
        carried = b""
        try:
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                downstream.sendall(chunk)
                carried += chunk
                if cut_this and b"event: progress" in carried and b"\n\n" in carried.split(b"event: progress", 1)[1]:
                    break  # the first event went through: drop the connection mid-stream
        except OSError:
            pass
        finally:
            for end in (downstream, upstream):
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()

    @staticmethod
    def _pump(downstream, upstream):
        try:
            while True:
                chunk = downstream.recv(65536)
                if not chunk:
                    return
                upstream.sendall(chunk)
        except OSError:
            return


if __name__ == "__main__":
    unittest.main()
