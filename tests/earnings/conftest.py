from tests.editorial.conftest import writer  # noqa: F401 (fixture)
