# JupyterHub configuration for a Compression Lab workshop: one server, many learners.
#
# Started by `./lab workshop` (environment/workshop.py), which sets the LAB_HUB_* variables read
# here; see docs/workshop.md. Every learner gets the lab's kernel (installed in the project's
# .venv, which the single-user servers run from), a copy of the notebooks in their home, their
# own writable model cache, and the instructor's pre-seeded cache beneath it, read-only.
#
# Two ways to log in:
#   LAB_HUB_AUTH=system           learners are accounts of this machine (PAM), each server runs
#                                 as its learner (LocalProcessSpawner); the hub must run as root
#   LAB_HUB_AUTH=shared-password  one password for the room, every server runs as the hub's own
#                                 user with a home under the hub's state directory
#                                 (SimpleLocalProcessSpawner: no isolation between learners; for a
#                                 trusted room, a laptop demo and the tests)
import os
import pwd
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (defined by JupyterHub when it loads this file)

repo = Path(os.environ["LAB_HOME"])
venv = Path(sys.prefix)
state = Path(os.environ["LAB_HUB_STATE_DIR"])
auth = os.environ.get("LAB_HUB_AUTH", "shared-password")
shared_cache = os.environ.get("LAB_SHARED_CACHE_DIR", "")
profile = os.environ.get("LAB_PROFILE", "full")

c.JupyterHub.bind_url = f"http://{os.environ.get('LAB_HUB_IP', '127.0.0.1')}:{os.environ['LAB_HUB_PORT']}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = int(os.environ["LAB_HUB_INTERNAL_PORT"])
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['LAB_HUB_PROXY_API_PORT']}"
c.ConfigurableHTTPProxy.command = [str(venv / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.log_level = os.environ.get("LAB_HUB_LOG_LEVEL", "WARN")

# The lab's REST client (the tests, `./lab bench workshop`) is a service with its own token.
if os.environ.get("LAB_HUB_ADMIN_TOKEN"):
    c.JupyterHub.services = [{"name": "lab-admin", "api_token": os.environ["LAB_HUB_ADMIN_TOKEN"]}]
    c.JupyterHub.load_roles = [{
        "name": "lab-admin",
        "scopes": ["admin:users", "admin:servers", "tokens", "access:servers", "list:users"],
        "services": ["lab-admin"],
    }]

users = [u for u in os.environ.get("LAB_HUB_USERS", "").split(",") if u]
if auth == "system":
    c.JupyterHub.authenticator_class = "pam"
    c.JupyterHub.spawner_class = "localprocess"
else:
    c.JupyterHub.authenticator_class = "shared-password"
    c.SharedPasswordAuthenticator.user_password = os.environ["LAB_HUB_PASSWORD"]
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
if users:
    c.Authenticator.allowed_users = set(users)
else:
    c.Authenticator.allow_all = True
c.Authenticator.admin_users = set(u for u in os.environ.get("LAB_HUB_ADMINS", "").split(",") if u)


def home_of(spawner):
    if auth == "system":
        return Path(pwd.getpwnam(spawner.user.name).pw_dir)
    return Path(spawner.home_dir)


def give_notebooks(spawner):
    """Copies the notebooks into the learner's home the first time; never over their edits."""
    home = home_of(spawner)
    work = home / "compression-lab"
    if not work.exists():
        work.mkdir(parents=True)
        for nb in sorted((repo / "notebooks").glob("[0-9][0-9]-*.ipynb")):
            shutil.copy2(nb, work / nb.name)
        if auth == "system":
            entry = pwd.getpwnam(spawner.user.name)
            for p in [work, *work.iterdir()]:
                os.chown(p, entry.pw_uid, entry.pw_gid)
    spawner.notebook_dir = str(work)


c.Spawner.pre_spawn_hook = give_notebooks
c.Spawner.cmd = [str(venv / "bin" / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
if os.getuid() == 0 and auth != "system":
    c.Spawner.args = ["--allow-root"]
# Each learner: the profile, their own cache (written), the shared cache (read only).
c.Spawner.environment = {
    "LAB_PROFILE": profile,
    "LAB_CACHE_DIR": lambda spawner: str(home_of(spawner) / ".cache" / "compression-lab" / "models"),
    "LAB_SHARED_CACHE_DIR": shared_cache,
}
