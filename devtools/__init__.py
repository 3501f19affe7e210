"""Demo and developer tools: the demo users and fake referrals of `make run`, their sign-in helpers, and the
benchmark seeder and session of `make bench`. Never part of the service itself.

This app sits above every product app: it may import any of them, and none of them may import it, not even
inside a function (tests/devtools/test_boundaries.py). Its data needs Faker, from the `demo` extra of
pyproject.toml, which `make run`, `make test` and the Docker image install. The commands that make demo users (with
the published password and two-factor secret) or sign anyone in refuse to run unless KIDAS_DEMO=1, which the
production settings refuse."""
