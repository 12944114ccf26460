"""Operations: health and readiness, request logs and metrics, and the job runner (docs/deploy.md)."""
