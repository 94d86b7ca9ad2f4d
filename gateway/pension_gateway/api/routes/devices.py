"""Officers and agents' devices: the phones an agent signed in on, and the revocation of a lost one."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from pension_gateway.agent.deps import Devices
from pension_gateway.agent.devices import device_view
from pension_gateway.agent.session import DeviceOut, DevicesOut, devices_out
from pension_gateway.api.access import allow
from pension_gateway.api.deps import CurrentCaller
from pension_gateway.api.problems import problem_responses
from pension_gateway.api.routes.fields import AgentDeviceIdPath, Reason, UserIdPath
from pension_kit.identity import Role

router = APIRouter(tags=["agents' devices"])

OFFICERS = (Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER)


class RevocationIn(BaseModel):
    reason: Reason = ""


@router.get(
    "/agents/{user_id}/devices",
    response_model=DevicesOut,
    responses=problem_responses(400, 401, 403, 503),
    **allow(*OFFICERS),
)
async def agent_devices(user_id: UserIdPath, registry: Devices) -> DevicesOut:
    """The phones an agent signed in on, active and revoked (none for a user who never signed in on one)."""
    return devices_out(user_id, await registry.of_agent(user_id))


@router.post(
    "/agents/{user_id}/devices/{device_id}/revocation",
    response_model=DeviceOut,
    responses=problem_responses(400, 401, 403, 404, 413, 415, 503),
    **allow(*OFFICERS),
)
async def revoke_device(
    user_id: UserIdPath, device_id: AgentDeviceIdPath, body: RevocationIn, caller: CurrentCaller, registry: Devices
) -> DeviceOut:
    """Revoke an agent's lost or stolen phone: it never signs in again, its refresh tokens die, and its access token
    is refused from the next request (401 `DEVICE_REVOKED`). Revoking it again answers the same and changes nothing.
    `reason` is kept with the device (no personal numbers)."""
    device = await registry.revoke(user_id, device_id, by=caller.user_id, reason=body.reason)
    return DeviceOut(**device_view(device))
