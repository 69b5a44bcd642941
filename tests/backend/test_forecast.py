"""The learning-curve forecast: the fit and its bootstrap, the budget outlook and the stop rule, the backtest on
results files, and the dashboard's forecast over HTTP (SQLite and Postgres)."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from scipy.optimize import curve_fit

from backend.budget import forecast
from backend.budget.forecast import fit_curve, outlook, power_law, profile_fit
from benchmarks import forecast_backtest
from tests.conftest import login

TRUE = (0.85, 0.9, 0.7)  # a, b, c
SIZES = np.array([4, 8, 12, 16, 20, 24, 30, 40], dtype=np.float64)


def _noisy(seed: int, sd: float = 0.01, sizes: np.ndarray = SIZES) -> np.ndarray:
    return np.asarray(power_law(sizes, *TRUE) + np.random.default_rng(seed).normal(0.0, sd, sizes.size))


class TestFit:
    def test_recovers_known_parameters(self) -> None:
        exact = fit_curve(SIZES, power_law(SIZES, *TRUE))
        assert exact is not None
        assert (exact.a, exact.b, exact.c) == pytest.approx(TRUE, abs=1e-3)
        noisy = fit_curve(SIZES, _noisy(0))
        assert noisy is not None
        assert noisy.a == pytest.approx(TRUE[0], abs=0.05)
        # Extrapolating to 2.5 times the data: the band holds the truth and the fit is close to it.
        far = noisy.dice(100)
        truth = float(power_law(100, *TRUE))
        assert far.low <= truth <= far.high
        assert far.mean == pytest.approx(truth, abs=0.03)
        assert far.low <= far.mean <= far.high

    def test_the_band_covers_the_truth_about_as_often_as_it_says(self) -> None:
        covered = []
        for seed in range(40):
            fitted = fit_curve(SIZES, _noisy(seed, sd=0.02), seed=seed)
            assert fitted is not None
            band = fitted.dice(60)
            covered.append(band.low <= float(power_law(60, *TRUE)) <= band.high)
        assert 0.8 <= float(np.mean(covered)) <= 1.0

    def test_the_vectorised_refit_matches_curve_fit(self) -> None:
        rng = np.random.default_rng(3)
        curves = power_law(SIZES, *TRUE)[None, :] + rng.normal(0, 0.02, (30, SIZES.size))
        a, b, c, rss = profile_fit(SIZES, curves)
        for i in range(curves.shape[0]):
            params, _ = curve_fit(
                power_law, SIZES, curves[i], p0=(0.8, 1.0, 0.5), bounds=([1e-6, 0, 0.02], [1, np.inf, 5]), maxfev=5000
            )
            best = float(np.sum((curves[i] - power_law(SIZES, *params)) ** 2))
            assert rss[i] <= best * 1.02 + 1e-9  # the grid's optimum is as good, to 2%
            assert 0 < a[i] <= 1 and b[i] >= 0 and c[i] > 0

    def test_bootstrap_is_fast(self) -> None:
        fit_curve(SIZES, _noisy(1))  # warm-up (imports, caches)
        timings = []
        for seed in range(5):
            started = time.perf_counter()
            fit_curve(SIZES, _noisy(seed), seed=seed)
            timings.append(time.perf_counter() - started)
        # Typically 10-20 ms on one core; the bound leaves room for a busy test machine.
        assert float(np.median(timings)) < 0.1

    def test_needs_three_distinct_patient_counts(self) -> None:
        assert fit_curve([4, 8], [0.5, 0.6]) is None
        assert fit_curve([4, 8, 8, 4], [0.5, 0.6, 0.61, 0.52]) is None
        assert fit_curve([0, 4, 8], [0.1, 0.5, 0.6]) is None  # zero patients says nothing about the law
        assert fit_curve([4, 8, 12], [0.5, 0.6, float("nan")]) is None
        three = fit_curve([4, 8, 12], [0.5, 0.6, 0.65])
        assert three is not None and three.points == 3
        # Three points fit three parameters exactly: the noise assumed is the floor, never zero.
        assert three.sigma == forecast.SIGMA_FLOOR
        band = three.dice(12)
        assert band.high - band.low > 0.01

    def test_fits_are_seeded(self) -> None:
        one, two = fit_curve(SIZES, _noisy(2), seed=5), fit_curve(SIZES, _noisy(2), seed=5)
        assert one is not None and two is not None
        assert np.array_equal(one.samples_a, two.samples_a) and one.dice(50) == two.dice(50)


class TestOutlook:
    def _fit(self) -> forecast.CurveFit:
        fitted = fit_curve(SIZES, power_law(SIZES, *TRUE))
        assert fitted is not None
        return fitted

    def test_expected_dice_budget_to_target_and_gain(self) -> None:
        fitted = self._fit()
        result = outlook(
            fitted, patients_now=20, remaining=400, mean_cost=10, pool_left=100, target_dice=0.8, stop_gain_per_100=None
        )
        assert result.patients_if_spent == 60
        assert result.expected_dice_if_spent.mean == pytest.approx(float(power_law(60, *TRUE)), abs=1e-3)
        # 0.8 = a - b n^-c  =>  n = (b / (a - 0.8))^(1/c); the budget buys the patients beyond the 20 annotated.
        needed = (TRUE[1] / (TRUE[0] - 0.8)) ** (1 / TRUE[2])
        assert result.budget_to_target is not None and not result.target_unreachable
        assert result.budget_to_target.mean == pytest.approx((needed - 20) * 10, rel=0.01)
        assert result.budget_to_target.low <= result.budget_to_target.mean <= result.budget_to_target.high
        expected_gain = float(power_law(30, *TRUE) - power_law(20, *TRUE))  # 100 buys 10 patients
        assert result.gain_per_100 == pytest.approx(expected_gain, abs=1e-4)
        assert result.recommendation == "continue" and "stop threshold" in result.reason

    def test_a_target_above_the_plateau_is_unreachable(self) -> None:
        result = outlook(
            self._fit(),
            patients_now=20,
            remaining=400,
            mean_cost=10,
            pool_left=100,
            target_dice=0.95,
            stop_gain_per_100=None,
        )
        assert result.target_unreachable and result.budget_to_target is None
        assert "below the target 0.950" in result.reason

    def test_stop_and_continue_follow_the_leads_threshold(self) -> None:
        fitted = self._fit()
        common: dict[str, Any] = {"patients_now": 20, "remaining": 400, "mean_cost": 10, "pool_left": 100}
        gain = outlook(fitted, **common, target_dice=None, stop_gain_per_100=None).gain_per_100
        stop = outlook(fitted, **common, target_dice=None, stop_gain_per_100=gain * 1.5)
        go = outlook(fitted, **common, target_dice=None, stop_gain_per_100=gain / 2)
        assert (stop.recommendation, go.recommendation) == ("stop", "continue")
        assert "below your threshold" in stop.reason and "above your threshold" in go.reason
        reached = outlook(fitted, **common, target_dice=0.6, stop_gain_per_100=None)
        assert reached.recommendation == "stop" and "already reaches" in reached.reason
        assert reached.budget_to_target is not None and reached.budget_to_target.mean == 0

    def test_nothing_left_to_buy_is_a_stop(self) -> None:
        fitted = self._fit()
        spent = outlook(
            fitted, patients_now=20, remaining=5, mean_cost=10, pool_left=100, target_dice=None, stop_gain_per_100=None
        )
        assert spent.recommendation == "stop" and spent.patients_if_spent == 20.5
        empty = outlook(
            fitted, patients_now=20, remaining=500, mean_cost=10, pool_left=0, target_dice=None, stop_gain_per_100=None
        )
        assert empty.recommendation == "stop" and empty.gain_per_100 == 0
        # Free patients: the budget buys the whole pool.
        free = outlook(
            fitted, patients_now=20, remaining=0, mean_cost=0, pool_left=7, target_dice=None, stop_gain_per_100=None
        )
        assert free.patients_if_spent == 27


class TestBacktest:
    def _write(self, folder: Path, name: str, curves: dict[str, dict[str, list[dict[str, float]]]]) -> None:
        (folder / name).write_text(json.dumps({"curves": curves}))

    def test_predicts_the_last_point_of_synthetic_curves(self, tmp_path: Path) -> None:
        sizes = [4, 8, 12, 16, 24, 40]

        def curve(a: float, b: float, c: float, sd: float, seed: int) -> list[dict[str, float]]:
            noise = np.random.default_rng(seed).normal(0, sd, len(sizes))
            return [
                {"n_labeled": n, "dice": float(power_law(n, a, b, c)) + e} for n, e in zip(sizes, noise, strict=True)
            ]

        self._write(
            tmp_path,
            "clean.json",
            {
                "random": {"0": curve(0.8, 0.7, 0.6, 0, 0), "1": curve(0.9, 1.2, 0.9, 0, 1)},
                "acft": {"0": curve(0.85, 0.9, 0.5, 0, 2)},
            },
        )
        self._write(tmp_path, "noisy.json", {"random": {str(s): curve(0.8, 0.7, 0.6, 0.01, s) for s in range(4)}})
        self._write(
            tmp_path, "short.json", {"random": {"0": [{"n_labeled": 4, "dice": 0.5}, {"n_labeled": 8, "dice": 0.6}]}}
        )
        (tmp_path / "broken.json").write_text("{not json")
        result = forecast_backtest.main(["--results", str(tmp_path), "--k", "5"])
        files = result["files"]
        assert files["clean.json"]["curves"] == 3 and files["clean.json"]["mae"] < 0.002
        assert files["clean.json"]["coverage"] == 1.0
        assert files["noisy.json"]["curves"] == 4 and files["noisy.json"]["mae"] < 0.04
        assert files["short.json"] == {"curves": 0, "mae": None, "naive_mae": None, "coverage": None}
        assert "error" in files["broken.json"]
        assert result["overall"]["curves"] == 7
        # On clean curves the fit beats "Dice stays where it was".
        assert files["clean.json"]["mae"] < files["clean.json"]["naive_mae"]
        with pytest.raises(SystemExit):
            forecast_backtest.main(["--results", str(tmp_path), "--k", "2"])


# --- over HTTP ---------------------------------------------------------------------------------------------------


def _rounds(project_id: str, points: list[tuple[int, float]]) -> None:
    """Closed rounds that trained on ``n`` patients and measured validation Dice ``dice``."""
    from sqlalchemy import func, select

    from backend.db.session import session_scope
    from backend.models import Round

    project = uuid.UUID(project_id)
    with session_scope() as session:
        start = session.scalar(select(func.max(Round.number)).where(Round.project_id == project)) or 0
        for offset, (n, dice) in enumerate(points, start=1):
            session.add(
                Round(
                    project_id=project,
                    number=start + offset,
                    status="closed",
                    strategy="entropy",
                    batch_size=2,
                    metrics={"val_dice": dice, "n_train": n, "n_selected": 2},
                )
            )


def _random_curve(project_id: str, points: list[tuple[int, list[float]]]) -> None:
    from backend.db.session import session_scope
    from backend.models import Job

    with session_scope() as session:
        session.add(
            Job(
                project_id=uuid.UUID(project_id),
                kind="simulate_random",
                status="succeeded",
                config={"seeds": 2, "sizes": [{"n_labeled": n} for n, _ in points]},
                result={
                    "points": [
                        {"n_labeled": n, "dice_mean": float(np.mean(d)), "dice_sd": float(np.std(d)), "dice": d}
                        for n, d in points
                    ],
                    "seeds": 2,
                    "ground_truth": 8,
                },
            )
        )


def _forecast(client: TestClient, project_id: str, lead: dict[str, str]) -> dict[str, Any]:
    response = client.get(f"/api/projects/{project_id}/dashboard", headers=lead)
    assert response.status_code == 200, response.text
    return dict(response.json()["forecast"])


class TestDashboardForecastOverHttp:
    def test_forecast_fields_and_the_leads_settings(self, client: TestClient, demo: dict[str, str]) -> None:
        lead = login(client, "lead")
        project_id = demo["project_id"]
        # The demo: 4 annotated pool patients, 4 unlabelled at 1.00 each, a budget of 10.00 with nothing spent.
        _rounds(project_id, [(2, 0.55), (3, 0.62)])
        early = _forecast(client, project_id, lead)
        assert early["recommendation"] == "insufficient_data" and early["curve"] == []
        assert "1 more round is needed" in early["reason"]
        assert early["expected_dice_if_spent"] == {"mean": 0.62, "low": 0.62, "high": 0.62}
        assert early["random_baseline"] is None

        _rounds(project_id, [(4, 0.66)])
        board = _forecast(client, project_id, lead)
        assert board["basis"] == "rounds" and board["points"] == 3
        assert (board["patients_now"], board["spent_now"], board["remaining_budget"]) == (4, 0, 10)
        assert (board["mean_cost_per_patient"], board["patients_if_spent"]) == (1, 8)  # the pool holds only 4 more
        curve = board["curve"]
        assert curve[0]["patients"] == 1 and curve[-1]["patients"] == 8
        assert all(p["low"] <= p["dice"] <= p["high"] for p in curve)
        assert all(a["dice"] <= b["dice"] for a, b in zip(curve, curve[1:], strict=False))  # a learning curve rises
        expected = board["expected_dice_if_spent"]
        assert expected["low"] <= expected["mean"] <= expected["high"]
        assert expected["mean"] == pytest.approx(curve[-1]["dice"], abs=1e-3)
        assert board["gain_per_100"] > 0 and board["recommendation"] == "continue"
        assert (board["target_dice"], board["budget_to_target"], board["target_unreachable"]) == (None, None, False)

        settings = {"target_dice": 0.7, "stop_gain_per_100": 1.0, "selection_objective": "value_per_cost"}
        changed = client.patch(f"/api/projects/{project_id}/settings", json=settings, headers=lead)
        assert changed.status_code == 200, changed.text
        board = _forecast(client, project_id, lead)
        assert board["target_dice"] == 0.7 and board["stop_gain_per_100"] == 1.0
        budget = board["budget_to_target"]
        assert budget is not None and budget["low"] <= budget["mean"] <= budget["high"] and budget["mean"] > 0
        # Any Dice gain per 100 is below 1.0 (a whole Dice point): the forecast says stop.
        assert board["recommendation"] == "stop" and "below your threshold" in board["reason"]

        unreachable = {"target_dice": 1.0, "stop_gain_per_100": 0}
        assert client.patch(f"/api/projects/{project_id}/settings", json=unreachable, headers=lead).status_code == 200
        board = _forecast(client, project_id, lead)
        assert board["target_unreachable"] is True and board["budget_to_target"] is None
        assert board["recommendation"] == "continue" and "levels off" in board["reason"]

        _random_curve(project_id, [(2, [0.5, 0.52]), (3, [0.55, 0.57]), (4, [0.6, 0.58])])
        baseline = _forecast(client, project_id, lead)["random_baseline"]
        assert baseline is not None and baseline["curve"][-1]["patients"] == 8
        assert baseline["expected_dice_if_spent"]["low"] <= baseline["expected_dice_if_spent"]["high"]

    def test_settings_are_validated_cleared_and_audited(self, client: TestClient, demo: dict[str, str]) -> None:
        lead, admin = login(client, "lead"), login(client, "admin")
        project_id = demo["project_id"]
        url = f"/api/projects/{project_id}/settings"
        before = client.get(f"/api/projects/{project_id}", headers=lead).json()
        assert (before["selection_objective"], before["target_dice"], before["stop_gain_per_100"]) == (
            "score",
            None,
            None,
        )
        assert before["cost_per_hour"] == 0
        for body in (
            {"target_dice": 0},
            {"target_dice": 1.5},
            {"target_dice": "0.8"},
            {"stop_gain_per_100": -0.1},
            {"stop_gain_per_100": 2},
            {"selection_objective": "cheapest"},
        ):
            refused = client.patch(url, json=body, headers=lead)
            assert refused.status_code == 422, (body, refused.text)
        assert client.get(f"/api/projects/{project_id}", headers=lead).json() == before

        set_both = client.patch(url, json={"target_dice": 0.85, "stop_gain_per_100": 0.005}, headers=lead).json()
        assert (set_both["target_dice"], set_both["stop_gain_per_100"]) == (0.85, 0.005)
        # An explicit null clears; an omitted field keeps.
        cleared = client.patch(url, json={"target_dice": None}, headers=lead).json()
        assert (cleared["target_dice"], cleared["stop_gain_per_100"]) == (None, 0.005)
        objective = client.patch(url, json={"selection_objective": "value_per_cost"}, headers=lead).json()
        assert objective["selection_objective"] == "value_per_cost" and objective["stop_gain_per_100"] == 0.005
        events = client.get("/api/admin/audit", params={"action": "project.settings.update"}, headers=admin).json()
        latest = events["events"][0]["details"]
        assert latest["selection_objective"] == "value_per_cost" and latest["target_dice"] is None
        assert latest["stop_gain_per_100"] == 0.005
        assert client.patch(url, json={"target_dice": 0.9}, headers=login(client, "radiologist")).status_code == 403

        budget_url = f"/api/projects/{project_id}/budget"
        for body in ({"cost_per_hour": -1}, {"cost_per_hour": 0.001}, {"cost_mode": "minutes"}):
            assert client.patch(budget_url, json=body, headers=lead).status_code == 422, body
        priced = client.patch(budget_url, json={"cost_mode": "reading_time", "cost_per_hour": 80}, headers=lead)
        assert priced.status_code == 200 and priced.json()["cost_per_hour"] == 80
        events = client.get("/api/admin/audit", params={"action": "project.budget.update"}, headers=admin).json()
        details = events["events"][0]["details"]
        assert details["before"]["cost_per_hour_cents"] == 0 and details["after"]["cost_per_hour_cents"] == 8000
        assert details["after"]["cost_mode"] == "reading_time"

        create = {
            "name": "Timed CT",
            "modality": "CT",
            "labels": [{"value": 1, "name": "liver", "color": "#ff0000"}],
            "cost_per_patient": 2,
            "cost_mode": "reading_time",
            "cost_per_hour": 90,
        }
        in_cases = client.post("/api/projects", json={**create, "budget_cases": 10}, headers=lead)
        assert in_cases.status_code == 400 and "in currency" in in_cases.json()["detail"]
        created = client.post("/api/projects", json={**create, "budget_total": 500}, headers=lead)
        assert created.status_code == 201, created.text
        assert (created.json()["cost_mode"], created.json()["cost_per_hour"]) == ("reading_time", 90)
