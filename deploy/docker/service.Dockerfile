# One image per service, built from the repository root:
#   docker build -f deploy/docker/service.Dockerfile --build-arg PROJECT=services/ReducingHarm/ReducingHarm.csproj -t planservices/reducing-harm .
# PROJECT is the service's project; the image runs it on ports 8080 (HTTP/1.1) and 8081 (gRPC, h2c).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
COPY . .
RUN dotnet publish "$PROJECT" -c Release -r linux-x64 --self-contained false -o /app \
 && cp "$(dirname "$PROJECT")"/appsettings.json /app/ \
 && (cp "$(dirname "$PROJECT")"/catalogue.yaml /app/ 2>/dev/null || true)

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_CONTENTROOT=/app \
    Kestrel__Endpoints__Http__Url=http://+:8080 \
    Kestrel__Endpoints__Grpc__Url=http://+:8081 \
    Storage__DataDirectory=/data
VOLUME /data
EXPOSE 8080 8081
USER app
ENTRYPOINT ["sh", "-c", "exec dotnet /app/$(ls /app/*.runtimeconfig.json | head -n1 | xargs basename | sed 's/.runtimeconfig.json//').dll"]
