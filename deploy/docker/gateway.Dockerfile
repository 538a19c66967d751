# The gateway, with Debian's Chromium and poppler-utils for PDF packs. From the repository root:
#   docker build -f deploy/docker/gateway.Dockerfile -t planservices/gateway .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish gateway/Gateway.csproj -c Release -r linux-x64 --self-contained false -o /app \
 && cp gateway/appsettings.json /app/

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium poppler-utils fonts-liberation fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_CONTENTROOT=/app \
    Kestrel__Endpoints__Http__Url=http://+:8080 \
    Kestrel__Endpoints__Grpc__Url=http://+:8081 \
    Pack__Chromium=/usr/bin/chromium \
    Pack__PdfToText=/usr/bin/pdftotext
EXPOSE 8080 8081
USER app
ENTRYPOINT ["dotnet", "/app/Gateway.dll"]
