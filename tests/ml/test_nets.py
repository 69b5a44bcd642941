from __future__ import annotations

import torch
from torch import nn

from worker.ml.config import TrainConfig
from worker.ml.nets import build_model, capture_bottleneck, mc_dropout_mode


class TestBuildModel:
    def test_returns_four_heads_of_full_resolution(self) -> None:
        model = build_model(TrainConfig(num_classes=3, features=(4, 4, 8, 8, 16, 4))).eval()
        with torch.inference_mode():
            heads = model(torch.zeros(1, 1, 32, 32, 32))
        assert [tuple(h.shape) for h in heads] == [(1, 3, 32, 32, 32)] * 4


class TestMcDropoutMode:
    def test_only_dropout_layers_are_in_train_mode(self) -> None:
        model = build_model(TrainConfig(num_classes=2, features=(4, 4, 8, 8, 16, 4), dropout=0.2))
        with mc_dropout_mode(model):
            training = {type(m) for m in model.modules() if m.training}
        assert training and all(issubclass(t, nn.modules.dropout._DropoutNd) for t in training)
        assert not model.training


class TestCaptureBottleneck:
    def test_collects_pooled_deepest_features_per_forward(self) -> None:
        model = build_model(TrainConfig(num_classes=2, features=(4, 4, 8, 8, 16, 4))).eval()
        with capture_bottleneck(model) as pooled, torch.inference_mode():
            model(torch.zeros(2, 1, 32, 32, 32))
        assert [tuple(p.shape) for p in pooled] == [(2, 16)]
