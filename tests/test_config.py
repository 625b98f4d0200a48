"""core.config: every value a user can type is checked, with a message naming the setting."""

import dataclasses
import json
import math

import pytest

from core.config import ConfigError, TrainingConfig

NAN, INF = math.nan, math.inf

# field -> (words the message must contain, invalid values)
INVALID = {
    "dataset": ("dataset", ["", "   ", 5, None, True]),
    "data_path": ("data file", [5, 1.5, True, ["a.csv"]]),
    "samples": ("samples", [-1, 0, 1, 10_000_001, 2.5, 400.0, True, False, "400", None]),
    "features": ("features", [-3, 0, 1_000_001, 2.0, True, "784", None]),
    "noise": ("noise", [0, 0.0, 0.0099, -1.0, 100.5, NAN, INF, -INF, True, "1", None, 10**400]),
    "lr": ("learning rate", [0, 0.0, 9.99e-7, -0.1, -1e-300, 1.1e6, NAN, INF, -INF, True, "0.1",
                             None, 10**400, 1j]),
    "l2": ("L2", [-0.01, -1e-300, 1000.5, NAN, INF, -INF, True, False, "0", None, -(10**400)]),
    "iterations": ("iterations", [0, -5, 100_000_001, 1.0, 1e4, True, "10", None, NAN]),
    "batch_size": ("batch_size", [-1, 10_000_001, 32.0, True, "64", None, NAN]),
    "seed": ("seed", [-1, 2**31, 2**32, 1.5, True, "0", None]),
    "val_fraction": ("validation fraction", [-0.1, 0.95, 1.0, 2, NAN, INF, True, "0.2", None]),
    "standardise": ("standardise", [1, 0, "yes", None, 1.0]),
    "device": ("device", ["tpu", "", "CPU", 1, None, ["cpu"]]),
    "dtype": ("dtype", ["float16", "double", "", 32, None]),
    "init": ("init", ["ones", "", "RANDN", 0, None]),
    "start_weights": ("start_weights", [[1.0], [1, 2, 3], [1.0, float("inf")], [0, 1001],
                                        "1,2", [True, 0], 5]),
    # the default data, "seed", has 784 features: no transforms at all
    "transforms": ("transforms", [("cube",), "x1x2", [1], ("x1x2", "x1x2"), None, ("x1x2",)]),
}

VALID = {
    "dataset": ["blobs", "my data.csv"],
    "data_path": [None, "x.csv", "/tmp/a b/c.npz"],
    "samples": [2, 400, 10_000_000],
    "features": [1, 784, 1_000_000],
    "noise": [0.01, 1, 100],
    "lr": [1e-6, 0.1, 1, 1e6],
    "l2": [0, 0.0, 0.01, 1000],
    "iterations": [1, 10001, 100_000_000],
    "batch_size": [0, 1, 512, 10_000_000],
    "seed": [0, 2**31 - 1],
    "val_fraction": [0, 0.0, 0.25, 0.9],
    "standardise": [True, False],
    "device": ["auto", "cpu", "cuda", "mps"],
    "dtype": ["float32", "float64"],
    "init": ["randn", "zeros"],
    "start_weights": [None, (1.0, -2.0), (0.0, 1000.0), (-1000.0, 0.5)],
    "transforms": [()],
}


def test_every_field_is_covered():
    names = {f.name for f in dataclasses.fields(TrainingConfig)}
    assert set(INVALID) == names == set(VALID)


def test_defaults_are_the_notebook():
    config = TrainingConfig()
    assert (config.dataset, config.samples, config.features) == ("seed", 400, 784)
    assert (config.lr, config.l2, config.iterations) == (0.1, 0.01, 10001)
    assert (config.init, config.val_fraction, config.dtype) == ("randn", 0.0, "float32")


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [(field, value, words) for field, (words, values) in INVALID.items() for value in values],
    ids=lambda v: repr(v)[:20],
)
def test_invalid_values_raise_a_config_error_naming_the_setting(field, value, words):
    with pytest.raises(ConfigError) as caught:
        TrainingConfig(**{field: value})
    message = str(caught.value)
    assert words.lower() in message.lower()
    assert "Traceback" not in message and len(message) < 200
    # The same through replace() and from_dict(), which a GUI and lesson files use.
    with pytest.raises(ConfigError, match="(?i)" + words):
        TrainingConfig().replace(**{field: value})
    with pytest.raises(ConfigError, match="(?i)" + words):
        TrainingConfig.from_dict({field: value})


@pytest.mark.parametrize(
    ("field", "value"), [(field, value) for field, values in VALID.items() for value in values]
)
def test_valid_values_are_accepted(field, value):
    config = TrainingConfig(**{field: value})
    assert getattr(config, field) == value
    assert TrainingConfig.from_dict(config.to_dict()) == config


def test_messages_say_what_is_allowed():
    with pytest.raises(ConfigError, match=r"learning rate.*between 1e-06 and 1e\+06.*got -1"):
        TrainingConfig(lr=-1)
    with pytest.raises(ConfigError, match="samples.*between 2 and"):
        TrainingConfig(samples=1)
    with pytest.raises(ConfigError, match="device.*auto, cpu, cuda, mps.*'tpu'"):
        TrainingConfig(device="tpu")
    with pytest.raises(ConfigError, match="learning rate.*finite"):
        TrainingConfig(lr=NAN)


@pytest.mark.parametrize("values", [{"bogus": 1}, {"lr": 0.2, "learning_rate": 0.2}, {"": 0}])
def test_unknown_settings_are_refused(values):
    unknown = next(key for key in values if key not in {"lr"})
    with pytest.raises(ConfigError, match="unknown setting") as caught:
        TrainingConfig.from_dict(values)
    assert unknown in str(caught.value)
    with pytest.raises(ConfigError, match="unknown setting"):
        TrainingConfig().replace(**values)


@pytest.mark.parametrize("values", [None, [("lr", 0.1)], "lr=0.1", 3])
def test_from_dict_refuses_what_is_not_a_mapping(values):
    with pytest.raises(ConfigError, match="mapping"):
        TrainingConfig.from_dict(values)


def test_round_trip_through_dict_and_json():
    configs = [
        TrainingConfig(),
        TrainingConfig(dataset="data.csv", data_path="/tmp/data.csv", samples=50, features=3,
                       noise=0.5, lr=0.5, l2=0.0, iterations=7, seed=42, val_fraction=0.2,
                       standardise=True, device="cpu", dtype="float64", init="zeros"),
    ]
    for config in configs:
        assert TrainingConfig.from_dict(config.to_dict()) == config
        assert TrainingConfig.from_dict(json.loads(json.dumps(config.to_dict()))) == config
    assert TrainingConfig.from_dict({}) == TrainingConfig()
    assert TrainingConfig.from_dict({"lr": 0.3}) == TrainingConfig(lr=0.3)


def test_config_is_frozen_and_replace_leaves_the_original():
    config = TrainingConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.lr = 1.0
    changed = config.replace(lr=0.5, iterations=3)
    assert (changed.lr, changed.iterations, config.lr, config.iterations) == (0.5, 3, 0.1, 10001)
